import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { readConfiguration } from '@warranty/config';
import { claimEvents } from '@warranty/contracts/claims';
import { registrationEvents } from '@warranty/contracts/registration';
import { repairEvents } from '@warranty/contracts/repairs';
import { rmaEvents } from '@warranty/contracts/returns';
import { slaEvents } from '@warranty/contracts/sla';
import { serviceReadModels } from '@warranty/platform/service-read-models';
import type { ProjectionRunner, ProjectionRunnerOptions } from '@warranty/read-models';
import type { DataSource } from 'typeorm';
import { HttpWebhookTransport } from './adapters/http-webhook-transport';
import { WebhookSubscriptionsController } from './api/webhook-subscriptions.controller';
import { WebhookDeliveries } from './application/webhook-deliveries';
import {
  DEFAULT_DISPATCHER_OPTIONS,
  type DispatcherOptions,
  leaseFor,
  WebhookDispatcher,
} from './application/webhook-dispatcher';
import { WebhookSubscriptions } from './application/webhook-subscriptions';
import { WEBHOOK_TRANSPORT, type WebhookTransport } from './application/webhook-transport';
import { WebhookOutboxProjection } from './projections/webhook-outbox.projection';
import { notifierDataSourceOptions } from './schema';
import { NOTIFIER_TABLES, WEBHOOK_SETTINGS, type WebhookSettings } from './tokens';

export interface NotifierOptions {
  /** Tests turn polling off and call `tick()`, or shorten the retry schedule. */
  dispatcher?: Partial<DispatcherOptions>;
  transport?: WebhookTransport;
  allowLocalEndpoints?: boolean;
  runner?: ProjectionRunnerOptions;
}

export const NOTIFIER_RUNNER = Symbol('NotifierProjectionRunner');

/**
 * Signed webhooks (SPEC 1): tenants subscribe endpoints, the outbox projection queues every event
 * of their cases once per subscription, and the dispatcher sends them with retries.
 */
@Module({})
export class NotifierModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(NOTIFIER_RUNNER) private readonly runner: ProjectionRunner,
    private readonly dispatcher: WebhookDispatcher,
    private readonly outbox: WebhookOutboxProjection,
    @Inject(WEBHOOK_TRANSPORT) private readonly transport: WebhookTransport,
  ) {}

  static forRoot(databaseUrl: string, options: NotifierOptions = {}): DynamicModule {
    const configuration = readConfiguration(process.env);
    const settings: WebhookSettings = {
      allowLocalEndpoints:
        options.allowLocalEndpoints ?? configuration.webhooks.allowLocalEndpoints,
    };
    const readModels = serviceReadModels({
      tables: NOTIFIER_TABLES,
      tablesOptions: notifierDataSourceOptions(databaseUrl),
      runner: NOTIFIER_RUNNER,
      readiness: 'webhookOutbox',
      admin: { path: 'v1/admin/notifier/projections', name: 'NotifierAdmin' },
      projections: [WebhookOutboxProjection],
      upcast: (event) =>
        slaEvents.upcast(
          repairEvents.upcast(
            rmaEvents.upcast(claimEvents.upcast(registrationEvents.upcast(event))),
          ),
        ),
      runnerOptions: options.runner,
    });
    return {
      module: NotifierModule,
      imports: readModels.imports,
      controllers: [WebhookSubscriptionsController, ...readModels.controllers],
      providers: [
        ...readModels.providers,
        { provide: WEBHOOK_SETTINGS, useValue: settings },
        {
          provide: WEBHOOK_TRANSPORT,
          useValue:
            options.transport ??
            new HttpWebhookTransport({
              timeoutMs: configuration.webhooks.timeoutMs,
              allowLocalEndpoints: settings.allowLocalEndpoints,
            }),
        },
        {
          provide: WebhookSubscriptions,
          inject: [getDataSourceToken(NOTIFIER_TABLES)],
          useFactory: (dataSource: DataSource) => new WebhookSubscriptions(dataSource),
        },
        {
          provide: WebhookDeliveries,
          inject: [getDataSourceToken(NOTIFIER_TABLES)],
          useFactory: (dataSource: DataSource) => new WebhookDeliveries(dataSource),
        },
        {
          provide: WebhookDispatcher,
          inject: [WebhookDeliveries, WebhookSubscriptions, WEBHOOK_TRANSPORT],
          useFactory: (
            deliveries: WebhookDeliveries,
            subscriptions: WebhookSubscriptions,
            transport: WebhookTransport,
          ) =>
            new WebhookDispatcher(deliveries, subscriptions, transport, {
              ...DEFAULT_DISPATCHER_OPTIONS,
              leaseMs: leaseFor(DEFAULT_DISPATCHER_OPTIONS, configuration.webhooks.timeoutMs),
              retentionDays: configuration.webhooks.retentionDays,
              ...options.dispatcher,
            }),
        },
      ],
      exports: [WebhookDispatcher, WebhookSubscriptions, WebhookDeliveries, NOTIFIER_RUNNER],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.outbox.onQueued = () => this.dispatcher.nudge();
    await this.runner.start();
    this.dispatcher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.stop();
    await this.runner.stop();
    await this.transport.close?.();
  }
}
