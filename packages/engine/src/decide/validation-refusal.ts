import type { Problem } from '@statecraft/schema';
import { FIELD_PROBLEM } from '../compile/field-checks.ts';
import { refuse } from './engine-error.ts';
import type { Decision } from './types.ts';

/** Field problems as a refused decision: read-only fields first (their own code), else validation. */
export function refuseProblems(problems: Problem[]): Extract<Decision, { ok: false }> {
  const readOnly = problems.filter((p) => p.code === FIELD_PROBLEM.readOnly);
  if (readOnly.length) {
    const fields = readOnly.map((p) => p.path.replace('/data/', '')).join(', ');
    return refuse(
      'ENGINE_FIELD_READ_ONLY',
      `These fields cannot be changed here: ${fields}`,
      `这些字段不能在此修改：${fields}`,
      'The state changes only through transitions; read-only and computed fields are set by actions, intake or computation.',
      {},
      problems,
    );
  }
  const first = problems[0]!;
  return refuse(
    'ENGINE_RECORD_INVALID',
    problems.length === 1 ? `${first.path}: ${first.message}` : `${problems.length} problems, first ${first.path}: ${first.message}`,
    problems.length === 1 ? `数据有误：${first.path}` : `数据有 ${problems.length} 处错误，第一处：${first.path}`,
    first.hint ?? 'Correct the values listed in problems.',
    {},
    problems,
  );
}
