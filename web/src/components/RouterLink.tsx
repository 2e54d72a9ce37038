import { forwardRef, type AnchorHTMLAttributes, type ReactNode } from 'react';
import { Link } from 'react-router-dom';

interface Props extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'download'> {
  url: string;
  children?: ReactNode;
  external?: boolean;
  download?: string | boolean;
}

/** Polaris links and buttons with `url` navigate inside the app without a reload. */
export const RouterLink = forwardRef<HTMLAnchorElement, Props>(function RouterLink({ children, url, external, download, ...rest }, ref) {
  if (external || download || /^[a-z]+:\/\//i.test(url)) {
    return (
      <a ref={ref} href={url} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})} {...(download ? { download: download === true ? '' : download } : {})} {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link ref={ref} to={url} {...rest}>
      {children}
    </Link>
  );
});
