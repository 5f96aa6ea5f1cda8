import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { LogOnlyNotifier, Notifier, SmtpNotifier } from './notifier';

@Global()
@Module({
  providers: [
    {
      provide: Notifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Notifier => (config.mail.smtp ? new SmtpNotifier(config) : new LogOnlyNotifier()),
    },
  ],
  exports: [Notifier],
})
export class NotifierModule {}
