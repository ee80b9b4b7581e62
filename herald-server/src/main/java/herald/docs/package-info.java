/** {@code /docs/{page}}: the user docs, served from the jar so that every install links to its own version. */
package herald.docs;
