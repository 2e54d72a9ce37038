// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function
// and by package / source folder, so "where does the server's time go" has a
// first answer without a flame-graph viewer.
//   SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node bench/run.js --scenario e2e --seconds 20
//   node bench/profile-summary.js /tmp/prof/*.cpuprofile [top=25]
import fs from 'node:fs';

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function area(url) {
  if (!url) return '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const src = /\/(server|sdk)\/dist\/(.*?)\/?[^/]*$/.exec(url);
  if (src) return `${src[1]}/${src[2] || '.'}`;
  if (url.startsWith('node:')) return url.replace(/\/.*$/, '').replace(/^node:internal.*/, 'node:internal');
  return url.replace(/^.*\//, '');
}

const fnTotals = new Map();
const areaTotals = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'}  ${cf.url ? cf.url.replace(/^.*\/(server|sdk|node_modules)\//, '$1/') : ''}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  fnTotals.set(key, (fnTotals.get(key) ?? 0) + us);
  const a = area(cf.url);
  areaTotals.set(a, (areaTotals.get(a) ?? 0) + us);
}
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log('\nself time by area:');
for (const [k, v] of [...areaTotals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
console.log('\nself time by function:');
for (const [k, v] of [...fnTotals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
