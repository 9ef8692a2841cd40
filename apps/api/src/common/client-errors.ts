import { STATUS_CODES, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers too large, bytes after
 * a short `Content-Length`, a malformed request line) still get api.md's JSON error body.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const code = { 400: 'BAD_REQUEST', 408: 'REQUEST_TIMEOUT', 431: 'REQUEST_HEADER_FIELDS_TOO_LARGE' }[status];
    const message = status === 431 ? 'The request headers are larger than allowed.' : status === 408 ? 'The request took too long to arrive.' : 'The request is not valid HTTP.';
    const body = JSON.stringify({ statusCode: status, code, message, details: [] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
