/** The platform's projects and their environments; experiments and flags belong to them. */
package herald.project;
