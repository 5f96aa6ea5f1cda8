import { Inject, Injectable, Logger } from '@nestjs/common';
import { Notifier } from '../../common/notifier/notifier';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { alertMessage, recipientsFor } from './alert-rules';
import type { JobContext } from './job-runner.service';
import { type InventoryManagerRow, StockAlertRepository, type StockAlertRow } from './stock-alert.repository';

/** Alerts are mailed a page at a time (keyset on id), so a first run with 100k alerts holds one page. */
const NOTIFY_PAGE = 500;
/** Alerts mailed at once; the SMTP notifier pools up to this many connections. */
const SEND_CONCURRENCY = 5;

/**
 * The nightly stock and expiry alert job: raises and refreshes alerts in SQL over the whole data set,
 * resolves those whose condition cleared, then e-mails each alert still owed a message to the
 * inventory managers whose jurisdiction covers its clinic.
 */
@Injectable()
export class StockAlertsJob {
  private readonly logger = new Logger(StockAlertsJob.name);

  constructor(
    private readonly alerts: StockAlertRepository,
    private readonly notifier: Notifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    const { db, runId, period: today, attemptStartedAt, counts } = context;
    const phases: Record<string, number> = {};
    const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        phases[phase] = Math.round(performance.now() - started);
      }
    };
    try {
      const { narrowed } = await timed('upsert', () => this.alerts.upsertAll(db, runId, today));
      counts.updated = narrowed;
      counts.raised = await timed('count', () => this.alerts.countRaised(db, runId, attemptStartedAt));
      counts.resolved = await timed('resolve', () => this.alerts.resolveUnseen(db, runId, attemptStartedAt));
      await timed('notify', () => this.notify(context));
    } finally {
      // Where a slow night's time went, for whoever looks at the logs the next morning.
      this.logger.log({ runId, phasesMs: phases }, 'stock alert job phases');
    }
  }

  /**
   * One e-mail per alert per manager in scope; notified_at is set once an alert's mail has gone. A
   * failed send stops the run (it is recorded as failed) and leaves the rest owed for the next run.
   * Alerts are mailed SEND_CONCURRENCY at a time over the notifier's pooled connections: one at a
   * time, a first run with 100k alerts waits on 100k SMTP round trips in a row.
   */
  private async notify({ db, counts }: JobContext): Promise<void> {
    const managers = await this.alerts.inventoryManagers(db);
    let after = '';
    for (;;) {
      const page = await this.alerts.unnotifiedPage(db, after, NOTIFY_PAGE);
      if (page.length === 0) return;
      const sent: string[] = [];
      try {
        for (let i = 0; i < page.length; i += SEND_CONCURRENCY) {
          const group = page.slice(i, i + SEND_CONCURRENCY);
          const outcomes = await Promise.allSettled(group.map((alert) => this.mail(alert, managers)));
          outcomes.forEach((outcome, j) => {
            if (outcome.status !== 'fulfilled') return;
            sent.push(group[j].id);
            counts.notified += outcome.value;
          });
          const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
          if (failure) throw failure.reason;
        }
      } finally {
        await this.alerts.markNotified(db, sent);
      }
      after = page[page.length - 1].id;
    }
  }

  /** Mails one alert to every manager whose jurisdiction covers its clinic; returns how many mails went. */
  private async mail(alert: StockAlertRow, managers: InventoryManagerRow[]): Promise<number> {
    const message = alertMessage(mailFacts(alert), this.config.mail.publicAppUrl);
    let mailed = 0;
    for (const manager of recipientsFor(managers, { clinicId: alert.clinic_id, districtId: alert.district_id, provinceId: alert.province_id })) {
      await this.notifier.send({ to: manager.email, ...message });
      mailed += 1;
    }
    return mailed;
  }
}

function mailFacts(a: StockAlertRow) {
  return {
    kind: a.kind,
    windowDays: a.window_days,
    quantity: a.quantity,
    threshold: a.threshold,
    dueDate: a.due_date,
    itemName: a.item_name,
    itemCode: a.item_code,
    unit: a.unit,
    lotNumber: a.lot_number,
    expiryDate: a.expiry_date,
    locationName: a.location_name,
    locationCode: a.location_code,
    assetTag: a.asset_tag,
    assetName: a.asset_name,
    task: a.task,
  };
}
