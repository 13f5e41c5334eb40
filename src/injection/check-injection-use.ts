/**
 * Load-time check of what a scenario asks of the injection files: every `[fieldN]` needs an
 * `-inf` file, every `file=` (keywords and `<lookup>`/`<insert>`/`<replace>`) must name one given
 * with `-inf`, and `<lookup>` needs that file indexed with `-infindex`. SIPp finds the keyword
 * problems while loading (exit 1) and the action ones when they run (exit 255); both are found
 * here, before any call, with SIPp's exit codes.
 */
import { ScenarioError } from '../errors.ts';
import type { Action, KeywordSlot, Scenario, SourcePos, Template } from '../scenario/index.ts';
import type { InjectionSet } from './injection-set.ts';

const FIELD_SLOT = /^field[0-9]+$/;
const FILE_ACTIONS = new Set(['lookup', 'insert', 'replace']);

function at(pos: SourcePos, element: string): string {
  return `${pos.file}:${pos.line}:${pos.column} <${element}>`;
}

function givenFiles(injection: InjectionSet | undefined): string {
  const names = injection?.files.map((f) => f.name) ?? [];
  return names.length === 0 ? 'no -inf file was given' : `given with -inf: ${names.join(', ')}`;
}

function checkTemplate(
  t: Template,
  pos: SourcePos,
  element: string,
  injection: InjectionSet | undefined,
): void {
  for (const part of t.parts) {
    if (part instanceof Uint8Array) continue;
    const slot = part as KeywordSlot;
    if (!FIELD_SLOT.test(slot.name)) continue;
    const file = slot.params.file;
    if (injection === undefined || injection.files.length === 0) {
      throw new ScenarioError(
        `${at(pos, element)}: [${slot.name}] reads an injection file, but no injection file was specified`,
        'give the CSV file with -inf file.csv',
      );
    }
    if (file !== undefined && injection.file(file) === undefined) {
      throw new ScenarioError(
        `${at(pos, element)}: invalid injection file: ${file} ([${slot.name} file="${file}"])`,
        `file= names a file exactly as written after -inf (${givenFiles(injection)})`,
      );
    }
  }
}

function checkFileAction(a: Action, injection: InjectionSet | undefined): void {
  const name = a.attrs.file ?? '';
  const file = injection?.file(name);
  if (file === undefined) {
    throw new ScenarioError(
      `${at(a.pos, a.name)}: invalid injection file for ${a.name}: ${name}`,
      `file= names a file exactly as written after -inf (${givenFiles(injection)})`,
      'RUN_FATAL',
    );
  }
  if (a.name === 'lookup' && !file.isIndexed) {
    throw new ScenarioError(
      `${at(a.pos, a.name)}: invalid index file: ${name} (lookup needs an index)`,
      `index it with -infindex ${name} <field>`,
      'RUN_FATAL',
    );
  }
}

/** Throws ScenarioError (file:line:column, element) on the first problem. */
export function checkInjectionUse(scenario: Scenario, injection: InjectionSet | undefined): void {
  for (const cmd of scenario.commands) {
    if (cmd.kind === 'send') checkTemplate(cmd.template, cmd.pos, 'send', injection);
    for (const a of cmd.actions) {
      for (const text of Object.values(a.texts)) checkTemplate(text, a.pos, a.name, injection);
      if (FILE_ACTIONS.has(a.name)) checkFileAction(a, injection);
    }
  }
}
