import { ownReadModelTables } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { SlaTimers1795400009000 } from './1795400009000-sla-timers';
import { SlaTimersTargetUnit1795400009700 } from './1795400009700-sla-timers-target-unit';
import { SlaTimersNotComputable1795400010950 } from './1795400010950-sla-timers-not-computable';
import { SlaTimersBreachedAt1795400010960 } from './1795400010960-sla-timers-breached-at';

/** The SLA read models share the read-model database and its migrations table with the projections service. */
export const slaDataSourceOptions = (url: string): DataSourceOptions =>
  ownReadModelTables(url, [
    SlaTimers1795400009000,
    SlaTimersTargetUnit1795400009700,
    SlaTimersNotComputable1795400010950,
    SlaTimersBreachedAt1795400010960,
  ]);
