// The Inventory context's public surface: other contexts import from here only.
export { InventoryModule } from './inventory.module';
export { StockService, type StockPick, type TakeFefoInput } from './stock.service';
export { CatalogueService, type LinkableInventoryItem } from './catalogue/catalogue.service';
export { DEMO_MOBILE_UNIT_CODE, DEMO_STORE_CODE, seedInventoryDemo } from './stock.demo';
export { seedAssetsDemo } from './assets/assets.demo';
export { StockAlertsModule } from './alerts/stock-alerts.module';
export { JobRunner, type JobRunOutcome } from './alerts/job-runner.service';
export { JOB_NAMES, type JobName } from './alerts/alert-rules';
