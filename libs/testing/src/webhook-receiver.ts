import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  /** Date.now() when the whole body had arrived. */
  receivedAt: number;
}

/**
 * A real HTTP endpoint that records every request and answers each path with the statuses it was
 * given, in turn, then 204; `hang` paths never answer.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripts = new Map<string, number[]>();
  private readonly hanging = new Set<string>();
  private server?: Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        if (this.hanging.has(path)) return;
        const status = this.scripts.get(path)?.shift() ?? 204;
        this.received.push({
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status,
          receivedAt: Date.now(),
        });
        response.writeHead(status).end();
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next answers on this path, in order. */
  answer(path: string, ...statuses: number[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...statuses]);
  }

  /** From now on, these answers on this path, in order, whatever was scripted before. */
  answerOnly(path: string, ...statuses: number[]): void {
    this.scripts.set(path, statuses);
  }

  hang(path: string): void {
    this.hanging.add(path);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    this.server?.close();
  }
}
