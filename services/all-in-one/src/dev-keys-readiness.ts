import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ReadinessChecks } from '@warranty/platform';

/** Whether the start-up work that readiness waits for (the demo keys file) has finished. */
export class StartupGate {
  private done = false;

  open(): void {
    this.done = true;
  }

  get isOpen(): boolean {
    return this.done;
  }
}

@Injectable()
class DevKeysCheck implements OnModuleInit {
  constructor(
    private readonly checks: ReadinessChecks,
    private readonly gate: StartupGate,
    private readonly keysFile: string,
  ) {}

  onModuleInit(): void {
    this.checks.register('devKeys', () =>
      this.gate.isOpen
        ? { status: 'up' }
        : { status: 'down', message: `writing the demo API keys to ${this.keysFile}` },
    );
  }
}

/** Readiness stays 503 until the all-in-one has written its demo keys, so a script can wait for it. */
@Module({})
export class DevKeysReadinessModule {
  static until(gate: StartupGate, keysFile: string): DynamicModule {
    return {
      module: DevKeysReadinessModule,
      providers: [
        {
          provide: DevKeysCheck,
          inject: [ReadinessChecks],
          useFactory: (checks: ReadinessChecks) => new DevKeysCheck(checks, gate, keysFile),
        },
      ],
    };
  }
}
