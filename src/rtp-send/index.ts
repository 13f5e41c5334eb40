/** `gossipper -rtp_send`: a standalone RTP sender, no SIP (docs/media.md). */
export { runRtpSendCommand } from './rtp-send-command.ts';
