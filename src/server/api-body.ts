/**
 * Request bodies of the API: size-capped whether or not Content-Length announced them, of the
 * right media type, and (JSON) validated against a zod schema, each failure a 4xx naming it.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { MAX_SCENARIO_FILE_BYTES } from '../scenario/index.ts';
import { ApiError, MAX_JSON_BODY_BYTES } from './api-error.ts';

const XML_TYPES = ['application/xml', 'text/xml'];

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** The body's bytes, refused (413) past `limit` whether or not Content-Length announced them. */
async function readBody(c: Context, limit: number): Promise<Buffer> {
  const announced = Number(c.req.header('content-length') ?? '0');
  if (announced > limit) throw tooLarge(limit);
  const stream = c.req.raw.body;
  if (stream === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, `the request body is larger than the limit of ${limit} bytes`);
}

/** XML as latin1 (the bytes reach the wire as sent); '' for an empty body when allowed. */
export async function readXmlBody(c: Context, isRequired: boolean): Promise<string> {
  const type = mediaType(c);
  const body = await readBody(c, MAX_SCENARIO_FILE_BYTES);
  if (body.length === 0) {
    if (isRequired) throw new ApiError(400, 'the request body is empty: send the scenario XML');
    return '';
  }
  if (!XML_TYPES.includes(type)) {
    throw new ApiError(
      415,
      `Content-Type must be application/xml or text/xml for a scenario, not "${type || 'none'}"`,
    );
  }
  return body.toString('latin1');
}

export async function readJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  limit = MAX_JSON_BODY_BYTES,
): Promise<z.infer<T>> {
  const type = mediaType(c);
  if (type !== 'application/json')
    throw new ApiError(415, `Content-Type must be application/json, not "${type || 'none'}"`);
  const text = (await readBody(c, limit)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, `invalid request body: ${describe(parsed.error)}`);
  return parsed.data;
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const at = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
      return `${at}${issue.message}`;
    })
    .join('; ');
}
