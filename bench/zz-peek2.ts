import { tuningMaker } from './tuning-makers.ts';
import { extractGraphOffline, offlineExtractorRules } from '../src/memory/graph/offline-extractor.ts';
const fam = process.argv[2]!;
const counts = new Map<string, number>();
const mems = tuningMaker(fam)(1).memories;
for (const m of mems) { offlineExtractorRules.things = true; for (const e of extractGraphOffline(m.content).entities) if (e.kind==='object') counts.set(e.name,(counts.get(e.name)??0)+1); }
console.log(fam, [...counts].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${k}:${v}`).join(', '));
for (const m of mems.slice(0,4)) { offlineExtractorRules.things=false; const a=extractGraphOffline(m.content).relations.map(r=>`${r.source} -${r.relation}-> ${r.target}`); offlineExtractorRules.things=true; const b=extractGraphOffline(m.content).relations.map(r=>`${r.source} -${r.relation}-> ${r.target}`); console.log(m.content.slice(0,300)); console.log('  off', a.join('; ')); console.log('  on ', b.join('; ')); }
