package org.edgeiam.credentials.internal;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.edgeiam.api.ErrorCode;
import org.edgeiam.api.IamException;

/**
 * bcrypt with the limits that keep it from becoming a denial of service: a cost of at most
 * {@code maxCost} (itself at most {@link #HARD_MAX_COST}) for new and stored hashes alike, since
 * one check at cost 31 takes hours; passwords of at most 72 bytes in UTF-8 (bcrypt ignores the
 * rest, so a longer one would be accepted by its prefix); only the {@code $2a$}, {@code $2b$} and
 * {@code $2y$} variants. Hashes are written as {@code $2y$}.
 */
final class Bcrypt {
    /** The highest cost any configuration may allow: one check takes seconds at 16. */
    static final int HARD_MAX_COST = 16;
    /** The lowest cost for new hashes. */
    static final int MIN_COST = 4;
    /** bcrypt uses at most this many bytes of a password. */
    static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private final int cost;
    private final int maxCost;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param cost the cost of new hashes
     * @param maxCost the highest cost accepted, for new and stored hashes
     * @throws IamException {@code INVALID_ARGUMENT} naming the setting if a cost is out of range
     */
    Bcrypt(int cost, int maxCost) throws IamException {
        if (maxCost < MIN_COST || maxCost > HARD_MAX_COST) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "bcrypt.max.cost must be " + MIN_COST + "–"
                    + HARD_MAX_COST + ", found " + maxCost);
        }
        if (cost < MIN_COST || cost > maxCost) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "bcrypt.cost must be " + MIN_COST + "–" + maxCost
                    + " (bcrypt.max.cost), found " + cost);
        }
        this.cost = cost;
        this.maxCost = maxCost;
    }

    /**
     * @param password a password
     * @return its UTF-8 bytes (the caller clears them)
     * @throws IamException {@code INVALID_ARGUMENT} naming {@code password} if it is empty or too long
     */
    static byte[] passwordBytes(char[] password) throws IamException {
        if (password == null || password.length == 0) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "password: must not be empty");
        }
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        if (bytes.length > MAX_PASSWORD_BYTES) {
            Arrays.fill(bytes, (byte) 0);
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "password: at most " + MAX_PASSWORD_BYTES
                    + " bytes in UTF-8 (bcrypt ignores the rest)");
        }
        return bytes;
    }

    /**
     * @param password UTF-8 bytes of a checked password
     * @return its bcrypt hash at the configured cost
     */
    String hash(byte[] password) {
        byte[] salt = new byte[16];
        this.random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, this.cost);
    }

    /**
     * @param hash a stored hash
     * @param password UTF-8 bytes of the offered password
     * @return whether they match
     * @throws IamException {@code INVALID_ARGUMENT} if the hash is not bcrypt of a known variant, or
     *         its cost is above the cap (nothing is computed then)
     */
    boolean matches(String hash, byte[] password) throws IamException {
        Matcher m = HASH.matcher(hash == null ? "" : hash);
        if (!m.matches()) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "the stored password hash is not bcrypt ($2a$, $2b$, $2y$)");
        }
        int stored = Integer.parseInt(m.group(1));
        if (stored > this.maxCost) {
            throw new IamException(ErrorCode.INVALID_ARGUMENT, "the stored password hash has cost " + stored
                    + ", above bcrypt.max.cost " + this.maxCost + ": refused unchecked");
        }
        return OpenBSDBCrypt.checkPassword(hash, password);
    }

    /** @return the cost of new hashes */
    int cost() {
        return this.cost;
    }
}
