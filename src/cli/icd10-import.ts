import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, unreachableDatabaseMessage } from '../common/database/data-source-options';
import { loadConfig } from '../config/app-config';
import { ICD10_IMPORT_HELP, Icd10ImportFileError, Icd10ImportReport, importIcd10Csv } from '../icd10/icd10-importer';

// sysexits(3), like migrate.ts: usage, data, unavailable.
const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_UNAVAILABLE = 69;
const SHOWN_REJECTIONS = 50;

/** `npm run icd10:import -- FILE [--allow-rejects]`: see ICD10_IMPORT_HELP (or --help) for the file it takes. */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(ICD10_IMPORT_HELP);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--allow-rejects');
  const files = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length !== 1) {
    console.error(`${unknown.length ? `Unknown option ${unknown.join(', ')}. ` : ''}Give exactly one CSV file.\n\n${ICD10_IMPORT_HELP}`);
    return EX_USAGE;
  }
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config));
  try {
    await dataSource.initialize();
  } catch (error) {
    console.error(unreachableDatabaseMessage(config, error));
    return EX_UNAVAILABLE;
  }
  try {
    const report = await importIcd10Csv(dataSource, resolve(files[0]), { allowRejects: argv.includes('--allow-rejects') });
    printReport(report);
    return report.written ? 0 : EX_DATAERR;
  } catch (error) {
    if (error instanceof Icd10ImportFileError) {
      console.error(error.message);
      return EX_DATAERR;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

function printReport(report: Icd10ImportReport): void {
  const out = report.written ? console.log : console.error;
  out(`${report.rows} rows read: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected.`);
  for (const r of report.rejected.slice(0, SHOWN_REJECTIONS)) out(`  line ${r.line}${r.code ? ` (${r.code})` : ''}: ${r.message}`);
  if (report.rejected.length > SHOWN_REJECTIONS) out(`  … and ${report.rejected.length - SHOWN_REJECTIONS} more rejected rows`);
  if (!report.written) out('Nothing was written. Fix the rows above, or run again with --allow-rejects to load the others.');
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
