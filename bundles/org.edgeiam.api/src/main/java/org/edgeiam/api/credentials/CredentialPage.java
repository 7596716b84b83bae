package org.edgeiam.api.credentials;

import java.util.List;

/**
 * One page of a credential listing.
 *
 * @param items the credentials of the page, oldest first
 * @param total how many match the query in all pages
 * @since 1.0
 */
public record CredentialPage(List<Credential> items, int total) {
    /** Copies the list. */
    public CredentialPage {
        items = List.copyOf(items);
    }
}
