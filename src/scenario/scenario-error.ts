/**
 * Every scenario problem is reported as `<file>:<line>:<col> <element>: <what>` so editors and
 * terminals can jump straight to it (style guide: where + what + got versus expected + fix).
 */
import { ScenarioError, type ErrorCode } from '../errors.ts';
import type { SourcePos } from './model.ts';

/** Builds (does not throw) a ScenarioError anchored at `pos`, naming the element being parsed. */
export function scenarioErrorAt(
  pos: SourcePos,
  element: string,
  what: string,
  hint?: string,
  code: ErrorCode = 'SCENARIO_INVALID',
): ScenarioError {
  return new ScenarioError(
    `${pos.file}:${pos.line}:${pos.column} <${element}>: ${what}`,
    hint,
    code,
  );
}

/**
 * Feature SIPp 3.6.1 has but Gossipper does not implement yet: a distinct wording from "unknown".
 */
export function notAvailable(pos: SourcePos, element: string, what: string): ScenarioError {
  return scenarioErrorAt(pos, element, `${what} is not available in this version`);
}
