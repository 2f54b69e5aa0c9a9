import { type DynamicModule, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { loadConfiguration } from '@warranty/config';
import { WORKFLOW_PROGRESS } from '@warranty/platform/workflow-progress';
import { TimersModule, type TimersModuleOptions } from '@warranty/timers';
import { HttpCommandGateway } from './adapters/http-command-gateway';
import { WorkflowIdentity } from './adapters/workflow-identity';
import { FulfilmentPoliciesController } from './api/fulfilment-policies.controller';
import { WorkflowController } from './api/workflow.controller';
import { FulfilmentPolicies } from './application/fulfilment-policies';
import { WarrantyPlans } from './application/warranty-plans';
import { COMMAND_GATEWAY } from './application/command-gateway';
import {
  COMMAND_RETRY,
  type CommandRetry,
  DEFAULT_COMMAND_RETRY,
  FulfilmentReactor,
} from './reactions/fulfilment.reactor';
import { WORKFLOW_MAX_LAG_MS } from './reactions/workflow-lag';
import { WorkflowRedrive } from './reactions/workflow-redrive';

export interface WorkflowOptions {
  /** Where commands go; unset, this very process (the all-in-one serves every route). */
  commandsUrl?: string;
  retry?: CommandRetry;
  /** Readiness degrades while the workflow lags longer; unset, READ_MODEL_MAX_LAG_MS. */
  maxLagMs?: number;
  /** The closing timers' loop; tests turn polling off and call `tick()`. */
  timers?: TimersModuleOptions;
}

/** This process's own address, once it listens. */
function ownUrl(host: HttpAdapterHost): string {
  const address = host.httpAdapter.getHttpServer().address() as AddressInfo | null;
  if (!address) throw new Error('the workflow sends commands only once its process listens');
  return `http://127.0.0.1:${address.port}`;
}

/** The fulfilment workflow (SPEC 2.5): reacts to claims, returns and repairs, sends their commands. */
@Module({})
export class WorkflowModule {
  static forRoot(options: WorkflowOptions = {}): DynamicModule {
    const configuration = loadConfiguration();
    const commandsUrl = options.commandsUrl ?? configuration.workflow.commandsUrl;
    return {
      module: WorkflowModule,
      // Global: the case view (another module) waits on the workflow through WORKFLOW_PROGRESS.
      global: true,
      imports: [TimersModule.forRoot(options.timers ?? { pollIntervalMs: 1_000 })],
      controllers: [WorkflowController, FulfilmentPoliciesController],
      providers: [
        WorkflowIdentity,
        FulfilmentPolicies,
        WarrantyPlans,
        FulfilmentReactor,
        WorkflowRedrive,
        { provide: WORKFLOW_PROGRESS, useExisting: FulfilmentReactor },
        { provide: COMMAND_RETRY, useValue: options.retry ?? DEFAULT_COMMAND_RETRY },
        {
          provide: WORKFLOW_MAX_LAG_MS,
          useValue: options.maxLagMs ?? configuration.readModels.maxLagMs,
        },
        {
          provide: COMMAND_GATEWAY,
          inject: [HttpAdapterHost, WorkflowIdentity],
          useFactory: (host: HttpAdapterHost, identity: WorkflowIdentity) =>
            new HttpCommandGateway(
              () => commandsUrl ?? ownUrl(host),
              () => identity.apiKey(),
              (key) => identity.rejected(key),
            ),
        },
      ],
      exports: [FulfilmentReactor, WORKFLOW_PROGRESS],
    };
  }
}
