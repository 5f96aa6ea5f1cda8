import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends messages to staff. Contexts depend on this, never on a transport. */
export abstract class Notifier {
  abstract send(message: OutgoingMessage): Promise<void>;
}

/** SMTP, used whenever SMTP_HOST is set. */
@Injectable()
export class SmtpNotifier extends Notifier implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    const smtp = config.mail.smtp!;
    // Pooled: a job mailing thousands of alerts reuses a few connections instead of one per message.
    this.transport = createTransport({
      pool: true,
      maxConnections: 5,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    });
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({ from: this.config.mail.from, ...message });
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}

/**
 * Without SMTP (development), notes that a message would have gone out. It never logs the body,
 * which can carry a reset link.
 */
@Injectable()
export class LogOnlyNotifier extends Notifier {
  private readonly logger = new Logger('Notifier');

  async send(message: OutgoingMessage): Promise<void> {
    this.logger.warn({ subject: message.subject }, 'SMTP is not configured; message not sent');
  }
}
