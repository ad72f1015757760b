export * from './grants';
export * from './redirects';
