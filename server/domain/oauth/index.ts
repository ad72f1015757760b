export * from './grants';
export * from './redirects';
export * from './oidc';
