/**
 * JUnit XML of the run's gates (`-junit FILE`), the shape GitLab and Jenkins read: one
 * testsuite, one testcase per gate, a `<failure>` for each broken one.
 */
import type { GateResult } from '../stats/index.ts';

export function junitXml(
  suiteName: string,
  gates: readonly GateResult[],
  durationS: number,
): string {
  const failures = gates.filter((g) => !g.pass).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gossipper" tests="${gates.length}" failures="${failures}" time="${durationS.toFixed(3)}">`,
    `  <testsuite name="${esc(suiteName)}" tests="${gates.length}" failures="${failures}" errors="0" skipped="0" time="${durationS.toFixed(3)}">`,
  ];
  for (const g of gates) {
    const open = `    <testcase classname="gossipper.gates" name="${esc(g.gate)}" time="0"`;
    if (g.pass) {
      lines.push(`${open}/>`);
    } else {
      lines.push(`${open}>`);
      lines.push(
        `      <failure message="${esc(g.message)}" type="gate">${esc(g.message)}</failure>`,
      );
      lines.push('    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
