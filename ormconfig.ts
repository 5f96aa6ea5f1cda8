import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/common/database/data-source-options';
import { loadConfig } from './src/config/app-config';

/** The DataSource the TypeORM CLI uses (migration:generate / run / revert), from the app's own validated config. */
export default new DataSource(dataSourceOptions(loadConfig()));
