import { ownReadModelTables } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { Settlement1795400010700 } from './1795400010700-settlement';

/** The settlement tables share the read-model database and its migrations table with the projections. */
export const settlementDataSourceOptions = (url: string): DataSourceOptions =>
  ownReadModelTables(url, [Settlement1795400010700]);
