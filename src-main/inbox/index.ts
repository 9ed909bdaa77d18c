export { buildInbox, inboxProviders, signalProvider, type InboxProvider } from './inbox.ts';
export { activeSignalsOnHost, eventPeer, publicExposure, rootPrivileges } from './risk-factors.ts';
export { ExposureIndex, exposureIndexOf } from './exposure-index.ts';
