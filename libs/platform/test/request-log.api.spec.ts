import { Body, Controller, Get, type INestApplication, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { initApp } from '@warranty/testing/service-app';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';
import { ApiKeys, applicationModule } from '../src';
import { ROOT_LOGGER } from '../src/logging';

class NoteDto {
  @IsString()
  text!: string;
}

@Controller('v1/notes')
class NotesController {
  @Post()
  write(@Body() body: NoteDto) {
    return { written: body.text };
  }

  @Get()
  fail(): never {
    throw new Error('the disk is on fire');
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

type Line = Record<string, unknown> & { msg?: string; level: number };

describe('request log lines, from the running server', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let key: string;
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .trim()
          .split('\n')
          .map((text) => JSON.parse(text) as Line),
      );
      done();
    },
  });
  const http = () => request(app.getHttpServer());
  /** Lines are written after the answer is sent; wait for the one naming this correlation id. */
  const linesFor = async (correlationId: string, count = 1): Promise<Line[]> => {
    for (let i = 0; i < 100; i++) {
      const found = lines.filter((line) => JSON.stringify(line).includes(correlationId));
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no log line for ${correlationId}: ${JSON.stringify(lines)}`);
  };

  beforeAll(async () => {
    database = await createTestDatabase('reqlog');
    const moduleRef = await Test.createTestingModule({
      imports: [applicationModule({ databaseUrl: database.url, logLevel: 'info' }, [NotesModule])],
    })
      .overrideProvider(ROOT_LOGGER)
      .useValue(pino({ level: 'info' }, sink))
      .compile();
    app = await initApp(moduleRef);
    key = (await app.get(ApiKeys).create('acme-retail', 'retailer')).key;
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('writes one line per request: its correlation id, method, URL, key and status, never a credential', async () => {
    await http()
      .post('/v1/notes')
      .set('Authorization', `Bearer ${key}`)
      .set('X-Correlation-Id', 'corr-logged-1')
      .set('Idempotency-Key', 'idem-1')
      .send({})
      .expect(400);
    const [line] = await linesFor('corr-logged-1');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: {
        id: 'corr-logged-1',
        method: 'POST',
        url: '/v1/notes',
        remoteAddress: expect.any(String),
        idempotencyKey: 'idem-1',
      },
      res: { statusCode: 400 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain(key);
  });

  it('logs requests no route answers, under a generated correlation id', async () => {
    const answer = await http().get('/v1/nowhere?x=1').expect(404);
    const id = answer.headers['x-correlation-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = await linesFor(id);
    expect(line).toMatchObject({ req: { url: '/v1/nowhere?x=1' }, res: { statusCode: 404 } });
  });

  it('logs a 5xx as an error, with the stack under the same correlation id', async () => {
    await http()
      .get('/v1/notes')
      .set('Authorization', `Bearer ${key}`)
      .set('X-Correlation-Id', 'corr-broken')
      .expect(500);
    const found = await linesFor('corr-broken', 2);
    const stack = found.find((line) => line.context === 'Problem');
    expect(stack).toMatchObject({
      level: 50,
      correlationId: 'corr-broken',
      err: { message: 'the disk is on fire', stack: expect.stringContaining('NotesController') },
    });
    const requestLine = found.find((line) => line.msg === 'request errored');
    expect(requestLine).toMatchObject({ level: 50, res: { statusCode: 500 } });
  });
});
