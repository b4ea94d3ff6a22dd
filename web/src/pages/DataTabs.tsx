import { Link } from '../router';

/** DBFS files and metastore tables: the two halves of the Data page. */
export function DataTabs({ active }: { active: 'dbfs' | 'tables' }) {
  return (
    <div className="tabs">
      <Link to="/data/" className={active === 'dbfs' ? 'active' : ''}>
        DBFS
      </Link>
      <Link to="/tables" className={active === 'tables' ? 'active' : ''}>
        Tables
      </Link>
    </div>
  );
}
