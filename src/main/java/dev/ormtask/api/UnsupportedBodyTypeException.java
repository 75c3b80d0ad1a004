package dev.ormtask.api;

/** A body of a type the API does not read as parameters; answered with 415 naming the accepted types. */
public class UnsupportedBodyTypeException extends RuntimeException {

    public UnsupportedBodyTypeException(String detail) {
        super(detail);
    }
}
