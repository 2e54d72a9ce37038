export { PlatformError } from './errors.js';
export { AppCatalog, type BuiltinApp } from './catalog.js';
export { createConnectorApp, updateConnectorApp, deployExtensions, type DeployResult } from './apps.js';
export {
  installRedirectUrl,
  checkAuthorizeRequest,
  consentToken,
  checkConsentToken,
  approveInstall,
  exchangeCode,
  authenticateToken,
  uninstallConnector,
  signQuery,
  type AuthorizeRequest,
} from './installs.js';
export { enableWorkflow, disableWorkflow, type ActivationDeps } from './activation.js';
export { validatePayload, type FieldProblem } from './payload.js';
export { RateLimiter } from './rate-limit.js';
export { hashSecret, randomToken, safeEqual } from './secrets.js';
export { receiveTrigger, MAX_PAYLOAD_BYTES, type TriggerRequest, type TriggerDeps } from './triggers.js';
export { listConnectorCredentials, saveConnectorCredentials, connectorCredentials, type CredentialSpec } from './credentials.js';
export {
  registerBundledConnectors,
  bundledConnectorUrl,
  type BundledConnector,
  type ConnectorHandlerOptions,
  type CredentialFieldSpec,
} from './bundled-connectors.js';
