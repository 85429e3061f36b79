// Adds up the Vitest JSON reports that each package wrote (node_modules/.vitest/results.json)
// and prints one closing line: "tests: N passed, N failed, N skipped". Fails when a report counts
// failures or when no test ran at all.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const group of ['packages', 'apps', 'tooling']) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const file = join(group, name, 'node_modules', '.vitest', 'results.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    lines.push(`  ${join(group, name).padEnd(28)} ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log(lines.join('\n'));
// turbo shows only failing tasks' output: name the e2e screenshots (apps/demo) here.
const shots = join('artifacts', 'e2e');
if (existsSync(shots)) {
  for (const png of readdirSync(shots).filter((f) => f.endsWith('.png')).sort()) {
    console.log(`  e2e screenshot: ${join(process.cwd(), shots, png)}`);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
