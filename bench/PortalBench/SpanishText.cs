namespace PortalBench;

/// <summary>
/// Plausible Spanish ticket and comment text, built from pieces so that no two tickets read alike and the
/// lengths vary like real reports (one line to a short paragraph). Deterministic for a given Random.
/// </summary>
internal static class SpanishText
{
    private static readonly string[] Problems =
    [
        "Hay una fuga de agua", "Se cortó el agua caliente", "No funciona la luz", "El portón no cierra bien",
        "Hay mucho ruido", "Se rompió la reja", "Huele a gas", "Hay humedad en el muro", "El ascensor se detiene",
        "La bomba de agua hace un ruido fuerte", "Hay basura acumulada", "El citófono no suena",
        "Se quemó una luminaria", "Hay un charco de agua que no se seca", "La cámara de seguridad está apagada",
        "El pasto no se ha cortado", "Hay una filtración en el techo", "La puerta del gimnasio no abre",
        "El agua de la piscina está turbia", "Se cayó una rama grande", "La barrera vehicular no responde",
        "Hay ratones", "El desagüe está tapado", "Falta presión de agua",
    ];

    private static readonly string[] Places =
    [
        "en la piscina", "en el estacionamiento subterráneo", "en el pasillo del tercer piso", "junto a la sala de basura",
        "en la entrada principal", "en la plaza de juegos", "en el quincho", "frente a la casa 14", "en la bodega 22",
        "en el acceso peatonal", "en la escalera de emergencia", "en el jardín central", "en la sala de eventos",
        "en el gimnasio", "en la caseta de guardia", "en el segundo subterráneo", "detrás de la torre B",
        "en la lavandería", "en el techo del edificio", "en el baño de la sala multiuso",
    ];

    private static readonly string[] Details =
    [
        "Lleva así desde el fin de semana.", "Ya lo avisé al conserje pero sigue igual.", "Pasa sobre todo de noche.",
        "Es peligroso para los niños que juegan cerca.", "Adjunto el detalle para que lo revisen.",
        "Varios vecinos lo han comentado en el grupo.", "Empeoró después de la lluvia de ayer.",
        "Ocurre todos los días alrededor de las ocho de la mañana.", "Creo que es un problema de la instalación eléctrica.",
        "El agua ya está llegando a las bodegas.", "Nadie ha venido a revisarlo todavía.",
        "Por favor, avisen cuándo pueden venir.", "Puedo abrirles a cualquier hora después de las seis.",
        "Es la tercera vez que lo reporto este mes.", "Se escucha desde mi departamento con las ventanas cerradas.",
        "Parece que falta una pieza.", "El olor es bastante fuerte.", "Hay que pasar con cuidado porque resbala.",
    ];

    private static readonly string[] Replies =
    [
        "Gracias por el aviso, lo revisamos esta semana.", "Enviaremos al técnico mañana por la mañana.",
        "¿Podría indicar a qué hora ocurre?", "El repuesto llega el jueves.", "Ya quedó resuelto, ¿puede confirmarlo?",
        "Sigue pasando lo mismo.", "Hoy vino el técnico y dejó una solución provisoria.",
        "Coordinamos con la empresa de mantención.", "Entre las 9:00 y las 11:00, le avisamos por aquí.",
        "Gracias, ahora funciona bien.", "Lo vi de nuevo esta mañana.", "Estamos esperando el presupuesto.",
        "¿Puede enviar una foto del lugar?", "El conserje ya tomó nota.", "Vamos a cerrar el acceso mientras tanto.",
        "Perfecto, quedo atento.", "Revisamos y el problema está en la cañería principal.",
        "La empresa vendrá el lunes a primera hora.", "Disculpen la demora, tuvimos muchos reportes esta semana.",
    ];

    public static readonly string[] FirstNames =
    [
        "Ana", "Luis", "Marta", "Carlos", "Lucía", "Javier", "Carmen", "José", "Isabel", "Pedro", "Sofía", "Diego",
        "Valentina", "Andrés", "Camila", "Felipe", "Daniela", "Jorge", "Paula", "Ricardo", "Fernanda", "Tomás",
        "Gabriela", "Martín", "Francisca", "Ignacio", "Rocío", "Sebastián", "Beatriz", "Raúl",
    ];

    public static readonly string[] LastNames =
    [
        "Pérez", "Gómez", "Rodríguez", "Fernández", "López", "Martínez", "Sánchez", "Díaz", "Torres", "Ramírez",
        "Flores", "Rojas", "Muñoz", "Soto", "Contreras", "Silva", "Morales", "Herrera", "Castro", "Núñez",
        "Vargas", "Reyes", "Gutiérrez", "Ortiz", "Jiménez", "Vega", "Campos", "Fuentes", "Carrasco", "Espinoza",
    ];

    /// <summary>One to three sentences: the problem and where, then zero to two details.</summary>
    public static string Ticket(Random random)
    {
        var text = $"{Pick(random, Problems)} {Pick(random, Places)}.";
        var details = random.Next(3);
        for (var i = 0; i < details; i++)
        {
            text += " " + Pick(random, Details);
        }

        return text;
    }

    public static string Comment(Random random) =>
        random.Next(4) == 0 ? $"{Pick(random, Replies)} {Pick(random, Details)}" : Pick(random, Replies);

    public static string Name(Random random) => $"{Pick(random, FirstNames)} {Pick(random, LastNames)} {Pick(random, LastNames)}";

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
