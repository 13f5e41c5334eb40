/**
 * `<action>` blocks: each child is checked against SIPp 3.6.1's action list and attribute sets,
 * then kept verbatim as `{ name, attrs, pos }` for engine/ to interpret.
 */
import type { Action, Distribution, Template } from './model.ts';
import { readDistribution } from './action-distribution.ts';
import { compilePosixEre, PosixRegexError } from './action-posix-regex.ts';
import { compileKeywordText } from './template.ts';
import { ACTION_ATTRIBUTES, ACTION_REQUIRED } from './element-attributes.ts';
import { didYouMean } from '../did-you-mean.ts';
import { ElementReader } from './element-reader.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import type { XmlElement } from './xml-tree.ts';

const ACTION_NAMES = Object.keys(ACTION_ATTRIBUTES);
const EXEC_KINDS = ACTION_ATTRIBUTES.exec;
const INT_CMDS = ['stop_call', 'stop_gracefully', 'stop_now'];
const SEARCH_IN = ['msg', 'body', 'hdr', 'var'];
const COMPARES = [
  'equal',
  'not_equal',
  'greater_than',
  'less_than',
  'greater_than_equal',
  'less_than_equal',
];

/** Actions of one command; its only allowed child element is a single `<action>`. */
export function parseCommandActions(
  command: XmlElement,
  userKeywords: ReadonlySet<string>,
): Action[] {
  let block: XmlElement | undefined;
  for (const child of command.children) {
    if (child.name !== 'action') {
      throw scenarioErrorAt(
        child.pos,
        child.name,
        `unknown element inside <${command.name}>${didYouMean(child.name, ['action'])}` +
          ' (only <action> may appear here)',
      );
    }
    if (block)
      throw scenarioErrorAt(
        child.pos,
        'action',
        `<${command.name}> has more than one <action> block`,
      );
    block = child;
  }
  if (!block) return [];
  new ElementReader(block).checkAttributes([]);
  return block.children.map((el) => parseAction(el, userKeywords));
}

/** Which attributes of which action carry keywords SIPp expands at run time. */
const EXPANDED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  log: ['message'],
  warning: ['message'],
  error: ['message'],
  assignstr: ['value'],
  verifyauth: ['username', 'password'],
  exec: [
    'command',
    'play_pcap_audio',
    'play_pcap_video',
    'play_pcap_image',
    'play_dtmf',
    'rtp_stream',
    'rtp_record',
    'send_dtmf',
    'rtpcheck',
  ],
  setdest: ['host', 'port', 'protocol'],
  lookup: ['key'],
  insert: ['value'],
  replace: ['line', 'value'],
};

const FLAGS = ['check_it', 'check_it_inverse', 'case_indep', 'start_line'];

/** SIPp keeps the whole match and at most nine sub-expressions. */
const MAX_EREG_VARIABLES = 10;

function parseAction(el: XmlElement, userKeywords: ReadonlySet<string>): Action {
  const r = new ElementReader(el);
  const allowed = Object.hasOwn(ACTION_ATTRIBUTES, el.name)
    ? ACTION_ATTRIBUTES[el.name]
    : undefined;
  if (allowed === undefined) {
    return r.fail(`unknown action${didYouMean(el.name, ACTION_NAMES)}`);
  }
  r.checkAttributes(allowed);
  for (const name of ACTION_REQUIRED[el.name] ?? []) r.required(name);
  checkActionRules(r);
  const texts: Record<string, Template> = {};
  for (const attr of EXPANDED_ATTRIBUTES[el.name] ?? []) {
    const value = el.attrs[attr];
    if (value !== undefined)
      texts[attr] = compileKeywordText(value, { origin: el.pos, element: el.name, userKeywords });
  }
  const attrs = { ...el.attrs };
  // Boolean attributes are stored as "true"/"false" whatever SIPp spelling was used ("1", ...).
  for (const flag of FLAGS)
    if (attrs[flag] !== undefined) attrs[flag] = String(r.bool(flag, false));
  const action: {
    -readonly [K in keyof Action]: Action[K];
  } = { name: el.name, attrs, pos: el.pos, texts };
  if (el.name === 'ereg') {
    action.regex = compileEreg(r);
    action.assignTo = variableList(r, MAX_EREG_VARIABLES);
  } else if (el.name === 'gettimeofday') action.assignTo = variableList(r, 2);
  else if (el.name === 'sample') action.distribution = readSample(r);
  return action;
}

function compileEreg(r: ElementReader): RegExp {
  const source = r.required('regexp');
  try {
    return compilePosixEre(source);
  } catch (err) {
    if (!(err instanceof PosixRegexError)) throw err;
    return r.fail(
      `regexp="${source}" is not a valid POSIX extended regular expression: ${err.message}`,
    );
  }
}

/** `assign_to="a,b,c"`: each name checked as SIPp's varName rule, at most `max` of them. */
function variableList(r: ElementReader, max: number): string[] {
  const names = r.required('assign_to').split(',');
  for (const n of names) {
    if (n === '' || n.includes('$'))
      r.fail(`assign_to="${r.str('assign_to')}": variable names must be non-empty, without "$"`);
  }
  if (names.length > max) {
    r.fail(
      max === MAX_EREG_VARIABLES
        ? `assign_to names ${names.length} variables: the whole match and at most nine sub-expressions`
        : `assign_to must name exactly ${max} variables`,
    );
  }
  return names;
}

function readSample(r: ElementReader): Distribution {
  return readDistribution(r);
}

/** The load-time checks SIPp's parseAction makes beyond attribute presence. */
function checkActionRules(r: ElementReader): void {
  const name = r.el.name;
  if (r.has('check_it') && r.has('check_it_inverse'))
    r.fail('check_it and check_it_inverse are mutually exclusive');
  if (r.has('check_it')) r.bool('check_it', false);
  if (r.has('check_it_inverse')) r.bool('check_it_inverse', false);
  if (
    [
      'assign',
      'add',
      'subtract',
      'multiply',
      'divide',
      'jump',
      'pauserestore',
      'rtp_echo',
    ].includes(name)
  ) {
    if (r.has('value') === r.has('variable'))
      r.fail('exactly one of "value" and "variable" is required');
    if (r.has('value')) r.double('value');
    if (name === 'divide' && r.has('value') && r.double('value') === 0)
      r.fail('divide by a value of zero');
  }
  if ((name === 'test' || name === 'strcmp') && r.has('value') === r.has('variable2')) {
    r.fail('exactly one of "value" and "variable2" is required');
  }
  if (name === 'test' && !COMPARES.includes(r.required('compare'))) {
    r.fail(`compare="${r.str('compare')}" is not one of ${COMPARES.join(', ')}`);
  }
  if (name === 'ereg') checkEreg(r);
  if (name === 'test' && r.has('value')) r.double('value');
  if (name === 'gettimeofday' && r.required('assign_to').split(',').length !== 2) {
    r.fail('assign_to must name exactly two variables (seconds,microseconds)');
  }
  if (name === 'exec') checkExec(r);
}

function checkEreg(r: ElementReader): void {
  const searchIn = r.str('search_in') ?? 'msg';
  if (!SEARCH_IN.includes(searchIn))
    r.fail(`search_in="${searchIn}" is not one of ${SEARCH_IN.join(', ')}`);
  if (searchIn === 'hdr' && !r.str('header')) r.fail('search_in="hdr" requires a header attribute');
  if (searchIn === 'var') r.varName('variable') ?? r.required('variable');
  r.bool('case_indep', false);
  r.bool('start_line', false);
}

function checkExec(r: ElementReader): void {
  const kinds = EXEC_KINDS.filter((k) => r.has(k));
  if (kinds.length === 0) r.fail(`<exec> needs one of ${EXEC_KINDS.join(', ')}`);
  const intCmd = r.str('int_cmd');
  if (intCmd !== undefined && !INT_CMDS.includes(intCmd)) {
    r.fail(`int_cmd="${intCmd}" is not one of ${INT_CMDS.join(', ')}`);
  }
}
