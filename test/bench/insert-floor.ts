import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

export interface InsertFloor {
  url: string;
  close(): Promise<void>;
}

/**
 * The floor of a durable write over HTTP: a bare node:http server that parses the JSON body and
 * runs one INSERT per request, on the same PostgreSQL and pool size as the platform.
 */
export async function startInsertFloor(databaseUrl: string): Promise<InsertFloor> {
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())',
  );
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
      pool
        .query<{ id: string }>('INSERT INTO bench_floor (body) VALUES ($1) RETURNING id', [
          JSON.stringify(body),
        ])
        .then(({ rows }) => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: rows[0].id }));
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
