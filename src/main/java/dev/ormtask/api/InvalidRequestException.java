package dev.ormtask.api;

/** A request the API cannot take as it is (malformed JSON, a bad query parameter); answered with 400. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String detail) {
        super(detail);
    }
}
