import { Inject, Injectable } from '@nestjs/common';
import { Notifier } from '../../common/notifier/notifier';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { alertMessage, recipientsFor } from './alert-rules';
import type { JobContext } from './job-runner.service';
import { StockAlertRepository, type StockAlertRow } from './stock-alert.repository';

/** Alerts are mailed a page at a time (keyset on id), so a first run with 100k alerts holds one page. */
const NOTIFY_PAGE = 500;

/**
 * The nightly stock and expiry alert job: raises and refreshes alerts in SQL over the whole data set,
 * resolves those whose condition cleared, then e-mails each alert still owed a message to the
 * inventory managers whose jurisdiction covers its clinic.
 */
@Injectable()
export class StockAlertsJob {
  constructor(
    private readonly alerts: StockAlertRepository,
    private readonly notifier: Notifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    const { db, runId, period: today, attemptStartedAt, counts } = context;
    const { narrowed } = await this.alerts.upsertAll(db, runId, today);
    counts.updated = narrowed;
    counts.raised = await this.alerts.countRaised(db, runId, attemptStartedAt);
    counts.resolved = await this.alerts.resolveUnseen(db, runId, attemptStartedAt);
    await this.notify(context);
  }

  /**
   * One e-mail per alert per manager in scope; notified_at is set once an alert's mail has gone. A
   * failed send stops the run (it is recorded as failed) and leaves the rest owed for the next run.
   */
  private async notify({ db, counts }: JobContext): Promise<void> {
    const managers = await this.alerts.inventoryManagers(db);
    let after = '';
    for (;;) {
      const page = await this.alerts.unnotifiedPage(db, after, NOTIFY_PAGE);
      if (page.length === 0) return;
      const sent: string[] = [];
      try {
        for (const alert of page) {
          const message = alertMessage(mailFacts(alert), this.config.mail.publicAppUrl);
          for (const manager of recipientsFor(managers, { clinicId: alert.clinic_id, districtId: alert.district_id, provinceId: alert.province_id })) {
            await this.notifier.send({ to: manager.email, ...message });
            counts.notified += 1;
          }
          sent.push(alert.id);
        }
      } finally {
        await this.alerts.markNotified(db, sent);
      }
      after = page[page.length - 1].id;
    }
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
