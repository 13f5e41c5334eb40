/**
 * The socket-buffer line under the screen's command table and in the final report:
 * `socket buffers rcv 4.0 MiB / snd 4.0 MiB (-buff_size)`, made from the sizes the kernel granted.
 */

/** What the line reports; a run's status carries it as plain numbers. */
export interface SocketBufferSizes {
  /** Absent over TCP, where the kernel tunes them. */
  readonly recvBytes?: number;
  readonly sendBytes?: number;
  /** UDP through node:dgram, because the batched addon did not load. */
  readonly isDgramIo: boolean;
  /** `-threads N`: N shards, each with buffers of this size. */
  readonly shards?: number;
}

function sizeText(bytes: number): string {
  const mib = 1 << 20;
  return bytes >= mib ? `${(bytes / mib).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** `rcv 4.0 MiB / snd 4.0 MiB`, `kernel-tuned (TCP)`, and with shards `... per shard, 2 shards`. */
export function socketBuffersText(b: SocketBufferSizes): string {
  let text = 'kernel-tuned (TCP)';
  if (b.recvBytes !== undefined && b.sendBytes !== undefined) {
    text = `rcv ${sizeText(b.recvBytes)} / snd ${sizeText(b.sendBytes)}`;
    if (b.isDgramIo) text += ', node:dgram I/O (batched addon not loaded)';
  }
  return b.shards === undefined ? text : `${text} per shard, ${b.shards} shards`;
}
