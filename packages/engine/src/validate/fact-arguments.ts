import type { Problem } from '@statecraft/schema';
import { BUYER_HISTORY_KEYS, MAX_WINDOW_HOURS, WINDOWED_FACTS } from '../facts/fact-names.ts';
import { factUses, windowHours } from '../facts/fact-requirements.ts';
import type { DefinitionIndex } from './definition-index.ts';
import { error } from './problems.ts';

/**
 * Fact operators read facts the server computes before deciding, so what they ask for must be
 * known from the definition alone: windows are literal hours, `buyer_history` names a literal
 * key, and none sits inside map/filter/some/reduce (the data there is a line, without `$facts`).
 */
export function checkFactArguments(index: DefinitionIndex): Problem[] {
  const out: Problem[] = [];
  for (const use of factUses(index.def, index.operators)) {
    if (!index.operators.has(use.operator)) continue;
    if (use.inScope) {
      out.push(error(use.path, 'DEF_FACT_IN_SCOPE', `"${use.operator}" is used inside map/filter/all/none/some/reduce, where the data is one item and the facts are out of reach`, `Use "${use.operator}" at the top level of the condition, e.g. {">": [{"stock_short_lines": []}, 0]}.`));
      continue;
    }
    if ((WINDOWED_FACTS as readonly string[]).includes(use.operator) && windowHours(use.args[0]) === undefined) {
      out.push(error(use.path, 'DEF_FACT_ARGUMENT', `"${use.operator}" needs a window in hours as a literal number between 0 and ${MAX_WINDOW_HOURS}; it got ${JSON.stringify(use.args[0])}`, `Write the window as a number, e.g. {"${use.operator}": 24} for the last 24 hours.`));
    }
    if (use.operator === 'buyer_history' && !(typeof use.args[0] === 'string' && (BUYER_HISTORY_KEYS as readonly string[]).includes(use.args[0]))) {
      out.push(error(use.path, 'DEF_FACT_ARGUMENT', `"buyer_history" reads one of ${BUYER_HISTORY_KEYS.join(', ')}; it got ${JSON.stringify(use.args[0])}`, `Write the key as a string, e.g. {"buyer_history": "orders"}.`));
    }
  }
  return out;
}
