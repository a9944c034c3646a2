package uk.ac.mim.staging;

/**
 * One copy: read {@code query} (an editable .sql resource) from the named {@code source} and replace the
 * rows of {@code target}. {@code refresh}, when set, is a .sql resource of statements run in the same
 * transaction as the copy's rows, for tables derived from the copy (e.g. the block's module-occurrence list).
 */
public record CopySpec(String feedId, String source, String query, String target, String refresh) {

    public CopySpec {
        SqlIdentifiers.identifier(target);
    }
}
