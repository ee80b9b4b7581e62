/** Metrics (conversion or continuous) and metric collections that experiments measure. */
package herald.metric;
