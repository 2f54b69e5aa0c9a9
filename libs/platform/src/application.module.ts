import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { PlatformModule, type PlatformOptions } from './platform.module';

/** One application: the platform plus the given service modules. */
export function applicationModule(
  options: PlatformOptions,
  modules: Array<Type | DynamicModule>,
): DynamicModule {
  @Module({})
  class ApplicationModule {}
  return { module: ApplicationModule, imports: [PlatformModule.forRoot(options), ...modules] };
}
