/**
 * Several Herald nodes on one PostgreSQL: notifications that wake idle nodes when work arrives, and
 * the lease that lets exactly one node run the scheduled jobs, moving to another when it dies.
 */
package herald.cluster;
