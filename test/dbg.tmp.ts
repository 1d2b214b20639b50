import { checkEngine } from './fuzz/properties.ts';
import { analyze, fixAll } from '../server/src/engine/index.ts';
const t = JSON.parse(process.argv[2]);
for (const f of analyze(t)) console.log(f.ruleId, JSON.stringify(f.range), JSON.stringify(f.fix?.edits), JSON.stringify(f.suggestions?.map(s=>s.edits)));
try { checkEngine(t, undefined); console.log('ok'); } catch (e) { console.log(String(e)); }
console.log(JSON.stringify(fixAll(t).text));
