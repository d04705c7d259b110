// Parses HTTP/1.1 responses for the bench's keep-alive client (http-load.worker.mjs). Plain
// JavaScript: the worker loads it as is.

const CRLF2 = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

/**
 * Parses one response at the start of `buffer`. Returns null when more bytes are needed, or
 * { status, close, body, rest }; throws on anything this client does not understand.
 */
export function parseResponse(buffer) {
  const end = buffer.indexOf(CRLF2);
  if (end < 0) {
    if (buffer.length > MAX_HEAD) throw new Error(`response headers longer than ${MAX_HEAD} bytes`);
    return null;
  }
  const [statusLine, ...headerLines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
  if (!m) throw new Error(`malformed status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const status = Number(m[1]);
  let length = null;
  let chunked = false;
  let close = false;
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d+$/.test(value) || (length !== null && length !== Number(value))) throw new Error(`bad content-length: ${JSON.stringify(value)}`);
      length = Number(value);
    } else if (name === 'transfer-encoding') {
      if (value.toLowerCase() !== 'chunked') throw new Error(`unsupported transfer-encoding: ${value}`);
      chunked = true;
    } else if (name === 'connection') {
      close = value.toLowerCase().split(',').some((t) => t.trim() === 'close');
    }
  }
  if (status < 200 || status === 204 || status === 304) {
    // 1xx (never asked for: no Expect header is sent), 204 and 304 have no body to frame.
    if (status < 200) throw new Error(`unexpected interim response ${status}`);
    return { status, close, body: Buffer.alloc(0), rest: buffer.subarray(end + 4) };
  }
  if (chunked && length !== null) throw new Error('a response with both content-length and chunked transfer-encoding');
  if (!chunked) {
    if (length === null) throw new Error(`a ${status} response framed by neither content-length nor chunked encoding`);
    if (buffer.length < end + 4 + length) return null;
    return { status, close, body: buffer.subarray(end + 4, end + 4 + length), rest: buffer.subarray(end + 4 + length) };
  }
  // Chunked: <hex size>[;ext]\r\n<data>\r\n … 0\r\n[trailers]\r\n
  const parts = [];
  let at = end + 4;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return null;
    const sizeText = buffer.subarray(at, lineEnd).toString('latin1').split(';')[0].trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`malformed chunk size: ${JSON.stringify(sizeText.slice(0, 20))}`);
    const size = parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers (usually none) up to an empty line.
      for (;;) {
        const trailerEnd = buffer.indexOf('\r\n', at, 'latin1');
        if (trailerEnd < 0) return null;
        const empty = trailerEnd === at;
        at = trailerEnd + 2;
        if (empty) return { status, close, body: Buffer.concat(parts), rest: buffer.subarray(at) };
      }
    }
    if (buffer.length < at + size + 2) return null;
    if (buffer[at + size] !== 13 || buffer[at + size + 1] !== 10) throw new Error('a chunk not followed by CRLF');
    parts.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
}

