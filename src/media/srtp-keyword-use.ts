/** Whether a scenario sends `[srtp_crypto]`: such a run needs media (and requires SRTP). */
import type { Scenario } from '../scenario/index.ts';

export function scenarioSendsCrypto(scenario: Scenario): boolean {
  return scenario.commands.some(
    (cmd) =>
      cmd.kind === 'send' &&
      cmd.template.parts.some((part) => !Buffer.isBuffer(part) && part.name === 'srtp_crypto'),
  );
}
