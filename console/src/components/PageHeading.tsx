import { useEffect, useRef, type ReactNode } from 'react';
import { takeHeadingFocus } from '../router';

/**
 * The page's one h1. It also names the document, and after an in-app navigation it takes
 * focus so a screen reader announces the new page and Tab starts from there.
 */
export function PageHeading({ children, title, pending = false }: { children: ReactNode; title: string; /** A loading placeholder: leaves the focus for the real heading. */ pending?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    if (!pending && takeHeadingFocus()) heading.current?.focus();
  }, [pending]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}
