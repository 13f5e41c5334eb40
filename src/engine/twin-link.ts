/** The engine's side of the 3PCC connections (engine/three-pcc.ts); run/ implements it over TCP. */

/** SIPp ends every command with this byte (ESC) on the twin connection. */
export const COMMAND_DELIMITER = 0x1b;

/** Where the engine sends 3PCC commands. */
export interface TwinLink {
  /**
   * Sends one command, already framed (ending in COMMAND_DELIMITER), to the twin (classic mode)
   * or to the peer named `dest` (extended mode). Returns false when there is no connection.
   */
  send(command: Buffer, dest: string | undefined): boolean;
}
