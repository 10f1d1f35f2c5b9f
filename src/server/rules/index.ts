import type { Rule } from '../rule';
import { goRules } from './go';
import { javascriptRules } from './javascript';
import { pythonRules } from './python';
import { rustRules } from './rust';

export const ALL_RULES: readonly Rule[] = [...pythonRules, ...javascriptRules, ...goRules, ...rustRules];
