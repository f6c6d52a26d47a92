/** Every endpoint of the sample instance, under /api/4.0, in match order (literal paths before {id} ones). */
import { groupWriteRoutes } from './group-routes.js';
import { oauthAppRoutes } from './oauth-app-routes.js';
import { readRoutes } from './read-routes.js';
import { remediationRoutes } from './remediation-routes.js';
import type { Route } from './route-kit.js';
import { systemActivityRoutes } from './system-activity.js';

export type { Route, RouteContext } from './route-kit.js';
export const routes: readonly Route[] = [
  ...readRoutes,
  ...groupWriteRoutes,
  ...systemActivityRoutes,
  ...oauthAppRoutes,
  ...remediationRoutes,
];
