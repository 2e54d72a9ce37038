export { verifyInstallRequest, type InstallRequest } from './verify-request.js';
export { beginInstall, type BeginInstallOptions } from './begin.js';
export { completeInstall, type CompleteInstallOptions, type CompletedInstall } from './complete.js';
export { uninstallHandler, type UninstallHandlerOptions, type UninstallNotice } from './uninstall.js';
export type { InstallQuery, FreshnessOptions } from './signed-query.js';
