import { Link } from 'react-router-dom';
import type { AppDefinition } from '@statecraft/schema';
import { useI18n } from '../i18n/useI18n.ts';
import { targetOf, type DefinitionProblem } from './problem-map.ts';

const TAB = { field: 'fields', form: 'fields', state: 'workflow', transition: 'workflow', rule: 'rules', other: 'json' } as const;

/** The validation report: each problem with where it is (JSON pointer), what to do, and a link to its screen. */
export function ProblemList({ problems, definition }: { problems: DefinitionProblem[]; definition: AppDefinition }) {
  const { t } = useI18n();
  if (problems.length === 0) return <div className="info-box" data-testid="no-problems">{t('designer.noProblems')}</div>;
  return (
    <ul className="problem-report" data-testid="problem-report">
      {problems.map((p, i) => {
        const target = targetOf(definition, p.path);
        return (
          <li key={i} className={`problem sev-${p.severity}`} data-code={p.code}>
            <span className={`tag sev-${p.severity === 'error' ? 'critical' : 'warning'}`}>{p.severity}</span>
            <code className="small">{p.path}</code>
            <span>{p.message}</span>
            {p.hint && <span className="muted small">{p.hint}</span>}
            <Link to={`../${TAB[target.area]}`} relative="path">{t('designer.publish.goTo')}{target.area !== 'other' ? ` ${target.id}` : ''}</Link>
          </li>
        );
      })}
    </ul>
  );
}
