export { startOEmbedStandIn, type OEmbedStandInOptions, type OEmbedFaultSpec } from './server';
export type { OEmbedPlatform, OEmbedResponse, RegisteredContent } from './content';
