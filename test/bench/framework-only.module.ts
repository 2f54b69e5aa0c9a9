import {
  Body,
  Controller,
  type DynamicModule,
  Inject,
  Module,
  type OnModuleDestroy,
  Post,
} from '@nestjs/common';
import { Pool } from 'pg';
import { Public } from '@warranty/platform';

const FLOOR_POOL = Symbol('FLOOR_POOL');

/**
 * The floor's work (one INSERT of the parsed body) behind a NestJS route of the same app: no key,
 * no Idempotency-Key, no DTO. Its round shows what the framework and the global plumbing cost.
 */
@Controller('bench/framework-only')
class FrameworkOnlyController implements OnModuleDestroy {
  constructor(@Inject(FLOOR_POOL) private readonly pool: Pool) {}

  @Post()
  @Public()
  async insert(@Body() body: unknown) {
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO bench_floor (body) VALUES ($1) RETURNING id',
      [JSON.stringify(body)],
    );
    return { id: rows[0].id };
  }

  onModuleDestroy() {
    return this.pool.end();
  }
}

@Module({})
export class FrameworkOnlyModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: FrameworkOnlyModule,
      controllers: [FrameworkOnlyController],
      providers: [
        {
          provide: FLOOR_POOL,
          useFactory: () => new Pool({ connectionString: databaseUrl, max: 20 }),
        },
      ],
    };
  }
}
